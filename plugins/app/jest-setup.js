// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// @grafana/ui's Select menu (ScrollIndicators) observes its scroll edges; jsdom has no IntersectionObserver.
class NoopIntersectionObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
global.IntersectionObserver = global.IntersectionObserver ?? NoopIntersectionObserver;
