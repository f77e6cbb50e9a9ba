package dev.enclave.core.gitops;

import java.time.Instant;

/**
 * One Git commit that touched a declared object's file.
 *
 * @param id the abbreviated commit id (12 hex digits)
 * @param author the author's name
 * @param date when the author made the change
 * @param message the first line of the commit message
 */
public record Commit(String id, String author, Instant date, String message) {}
