package dev.boxoffice.core.inventory;

/** The right of anyone signed in to hold while a first-come sale is open. */
public record OpenSale() implements Entitlement {}
