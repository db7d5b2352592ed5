/**
 * The lottery's HTTP API: creating a {@code LOTTERY} event from its {@code lottery} section, entry
 * tokens and entries, results by poll and by push, and the published draw with its entrant list.
 * Every decision is the core's ({@link dev.boxoffice.core.lottery.Lottery}); this package parses,
 * checks tokens and maps each result case to one answer.
 */
package dev.boxoffice.http.lottery;
