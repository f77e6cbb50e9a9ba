package dev.enclave.core.evidence;

/**
 * The report's answer in numbers, for the first paragraph an auditor reads.
 *
 * @param boundaryCrossed whether anything a tenant reaches lies outside its jurisdiction
 * @param verdict "all controls pass" or "controls fail", the meaning of the exit code
 */
public record Summary(
    int jurisdictions,
    int tenantClusters,
    int accessGrants,
    int controlsPassing,
    int controlsFailing,
    int controlsNotApplicable,
    int violations,
    int driftFindings,
    int crossings,
    boolean observed,
    boolean boundaryCrossed,
    String verdict) {

  public static final String ALL_PASS = "all controls pass";
  public static final String FAILING = "controls fail";

  /** True when every control passes and nothing violates the rules or drifted. */
  public boolean passes() {
    return controlsFailing == 0 && violations == 0 && driftFindings == 0;
  }
}
