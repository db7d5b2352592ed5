/**
 * The {@code boxoffice} program: configuration (flags over environment over file over defaults),
 * keys kept in the data folder, wiring of the embedded store, metrics and the HTTP server, and the
 * command line ({@code serve}, {@code token}, and {@code loadtest} from the loadtest module).
 *
 * <p>Nothing here decides a business rule; it only builds and connects the pieces that do. Entry
 * point: {@link dev.boxoffice.app.Main}.
 */
package dev.boxoffice.app;
