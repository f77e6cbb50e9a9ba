package dev.enclave.core.evidence.controls;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * One control of a framework: the article it maps, what the article asks, which violations concern
 * it ({@code KIND:field.prefix}, e.g. {@code TenantCluster:spec.backup}), whether drift fails it,
 * and the check that gathers its evidence.
 *
 * @param perTenant true when the control is about tenant clusters, so it does not apply without any
 */
record ControlDefinition(
    String id,
    String framework,
    String article,
    String title,
    String requirement,
    boolean perTenant,
    boolean failsOnDrift,
    List<String> concerns,
    BiConsumer<ControlContext, ControlEvidence> check) {}
