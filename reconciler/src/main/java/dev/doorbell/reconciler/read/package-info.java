/**
 * The read API ({@link ReadApi}) over {@link ReadModel}: instances with their effective state
 * ({@link EffectiveState}, omicron's {@code InstanceStateComputer}), VMMs and sleds, as {@link InstanceView},
 * {@link VmmView} and {@link SledView}, listed in keyset pages ({@link PageRequest}, {@link Page}).
 */
package dev.doorbell.reconciler.read;
