package dev.batchjobs.domain.target;

/** How a target API takes request parameters. */
public enum TargetEncoding {
    /** {@code application/x-www-form-urlencoded} with Stripe's bracket notation. */
    FORM,
    /** {@code application/json}. */
    JSON
}
