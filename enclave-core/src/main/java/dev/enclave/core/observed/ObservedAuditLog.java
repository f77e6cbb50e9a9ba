package dev.enclave.core.observed;

/**
 * What a jurisdiction's audit sink has stored for one tenant cluster: its newest day file, how many
 * events that file holds and the last of them.
 *
 * @param directory the tenant's directory under the sink's root, as read
 * @param file the newest day file ({@code yyyy-mm-dd.jsonl}), or null when there is none
 * @param day the UTC day of that file, {@code yyyy-mm-dd}, or null
 * @param events lines of that file that are audit events
 * @param skippedLines lines of that file that are not (malformed, or cut short while written)
 * @param lastEvent the last audit event of that file, or null when no event was received
 */
public record ObservedAuditLog(
    String directory,
    String file,
    String day,
    int events,
    int skippedLines,
    ObservedAuditEvent lastEvent) {

  /** Nothing received: the tenant's directory is missing or holds no day file. */
  public static ObservedAuditLog nothingIn(String directory) {
    return new ObservedAuditLog(directory, null, null, 0, 0, null);
  }
}
