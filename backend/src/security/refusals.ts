/**
 * Marks requests whose refusal was already audited, so the route plugin's
 * onResponse hook does not write a second security_violation record.
 */
import type { FastifyRequest } from 'fastify';

const audited = new WeakSet<FastifyRequest>();
export const markRefusalAudited = (r: FastifyRequest) => void audited.add(r);
export const refusalAudited = (r: FastifyRequest) => audited.has(r);
