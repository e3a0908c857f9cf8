/**
 * The simulated fleet's side of the control API: sleds register there, and every VMM of a simulated
 * fleet is placed by the control plane (instance create, then start on a chosen sled), as users of a
 * control plane would do it; an ended VMM is replaced by starting its instance again. One place for
 * {@code doorbell up}, {@code doorbell sled}, the benchmarks and the chaos suite. The client of the
 * control API itself ({@code ControlPlaneClient}) lives beside the API in the reconciler module.
 */
package dev.doorbell.bench.control;
