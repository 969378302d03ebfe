/**
 * The admin web pages at {@code cfg.grpc.admin.path} (default {@code /admin}) on the HTTP port:
 * sign-in for staff, a dashboard of the request log's totals, the request log browser with its CSV
 * export, the served services with a try-it console, API keys and (for superusers) users. The
 * pages are server-rendered with Thymeleaf; htmx and Chart.js come from WebJars in the jar. Every
 * page reads through the owning package's public API ({@code RequestLog}, {@code ServiceRegistry},
 * {@code ApiKeyStore}, {@code UserStore}). Its public API is the pages; the classes are internal
 * apart from the auto-configuration.
 */
package dev.cfg.grpc.admin;
