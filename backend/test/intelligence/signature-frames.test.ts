import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topFrame } from '../../src/intelligence/signature/frames.ts';

test('V8: skips node_modules and internals', () => {
  const stack = `TypeError: x is undefined
    at Object.run (/app/node_modules/jest-circus/build/run.js:10:3)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at UserService.load (/app/src/user-service.ts:41:17)
    at Object.<anonymous> (/app/test/user.test.ts:9:3)`;
  assert.equal(topFrame(stack), 'UserService.load (user-service.ts)');
});

test('Java: skips junit/assertj frames', () => {
  const stack = `org.opentest4j.AssertionFailedError: expected: <1> but was: <2>
\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)
\tat org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:150)
\tat com.acme.billing.InvoiceTest.totals(InvoiceTest.java:88)
\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)`;
  assert.equal(topFrame(stack), 'com.acme.billing.InvoiceTest.totals (InvoiceTest.java)');
});

test('Python: the innermost frame is the last one', () => {
  const stack = `Traceback (most recent call last):
  File "/usr/lib/python3.11/site-packages/_pytest/python.py", line 194, in pytest_pyfunc_call
    result = testfunction(**testargs)
  File "/src/tests/test_orders.py", line 12, in test_total
    assert order.total() == 10
  File "/src/app/orders.py", line 33, in total
    return sum(self.lines)
TypeError: unsupported operand type(s)`;
  assert.equal(topFrame(stack), 'total (orders.py)');
});

test('Go: panic frames, skipping runtime and testing', () => {
  const stack = `panic: runtime error: index out of range [3] with length 3

goroutine 7 [running]:
testing.tRunner.func1.2({0x5f0e20, 0xc000018150})
\t/usr/local/go/src/testing/testing.go:1545 +0x238
panic({0x5f0e20?, 0xc000018150?})
\t/usr/local/go/src/runtime/panic.go:914 +0x21f
example.com/shop/cart.(*Cart).Item(...)
\t/home/runner/work/shop/cart/cart.go:42 +0x1d
example.com/shop/cart.TestItem(0xc0000a4b60)
\t/home/runner/work/shop/cart/cart_test.go:17 +0x45`;
  assert.equal(topFrame(stack), 'example.com/shop/cart.(*Cart).Item (cart.go)');
});

test('.NET: "in file:line n" frames', () => {
  const stack = `   at Shop.Cart.Add(Item item) in /src/Shop/Cart.cs:line 27
   at Shop.Tests.CartTests.Adds() in /src/Shop.Tests/CartTests.cs:line 14`;
  assert.equal(topFrame(stack), 'Shop.Cart.Add (Cart.cs)');
});

test('Ruby: skips gems', () => {
  const stack = `/usr/local/bundle/gems/rspec-expectations-3.12.0/lib/rspec/expectations/fail_with.rb:37:in \`fail_with'
./app/models/order.rb:12:in \`total'
./spec/models/order_spec.rb:7:in \`block (2 levels) in <top (required)>'`;
  assert.equal(topFrame(stack), 'total (order.rb)');
});

test('Dart: skips package:test_api', () => {
  assert.equal(topFrame('package:test_api   expect\ntest/main_test.dart 13:9  main.<fn>.<fn>.<fn>\n'), 'main.<fn> (main_test.dart)');
});

test('no frames → undefined; only library frames → innermost one', () => {
  assert.equal(topFrame('just a message'), undefined);
  assert.equal(topFrame(undefined), undefined);
  assert.equal(topFrame('    at listOnTimeout (node:internal/timers:569:17)'), 'listOnTimeout (timers)');
});
