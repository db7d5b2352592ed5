/**
 * The distributed store: adapters of core's ports over the services several servers share.
 * PostgreSQL ({@link dev.boxoffice.store.distributed.PostgresStore}) is the system of record.
 */
package dev.boxoffice.store.distributed;
