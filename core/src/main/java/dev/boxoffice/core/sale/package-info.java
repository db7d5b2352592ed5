/**
 * The use cases that span the catalog and the stock: putting an event on sale. Who may hold, and by
 * what right, is decided with the stock itself (see {@link dev.boxoffice.core.inventory}). Callers:
 * the HTTP layer and the app's demo.
 */
package dev.boxoffice.core.sale;
