/**
 * A small JSON HTTP service layer on Jetty 12 core, without servlets, used by every service of the project.
 * {@link HttpService} listens as its {@link HttpServiceConfig} says and serves {@code /health} and
 * {@code /metrics}; a {@link Router} matches {@link Route}s ({@link PathTemplate}) and {@link DispatchHandler}
 * calls the {@link RequestHandler} with an {@link HttpRequest}, enforcing limits. Errors are thrown as
 * {@link ProblemException} and written by the service's {@link ErrorRenderer}: RFC 9457 {@link Problem}s by
 * default.
 */
package dev.doorbell.http;
