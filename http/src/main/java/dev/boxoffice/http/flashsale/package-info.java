/**
 * The flash sale's routes: proof-of-work challenges, instant purchases answered 202 with a pending
 * order, and the {@code flashSale} section of a first-come event. Every control is the server's:
 * the sale window, the challenge, the purchase interval and the stock are checked here or in the
 * store, in that order, none in the browser.
 */
package dev.boxoffice.http.flashsale;
