/**
 * The blacklist: users and client addresses barred from buying and entering. The {@link
 * dev.boxoffice.core.blacklist.Blacklist} port keeps it durably; the edge checks every caller
 * against its current {@link dev.boxoffice.core.blacklist.Barred} entries before anything else of a
 * sale is touched.
 */
package dev.boxoffice.core.blacklist;
