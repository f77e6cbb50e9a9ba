package dev.enclave.core.evidence.controls;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The evidence lines of one control as they are collected: "ok: …" for a fact that satisfies it,
 * "fail: …" for one that does not, "note: …" for a limit of what the report can show.
 */
final class ControlEvidence {
  static final String OK = "ok: ";
  static final String FAIL = "fail: ";
  static final String NOTE = "note: ";

  private final List<String> lines = new ArrayList<>();
  private final TreeSet<String> objects = new TreeSet<>();
  private boolean failed;

  ControlEvidence ok(String line) {
    lines.add(OK + line);
    return this;
  }

  ControlEvidence fail(String line) {
    lines.add(FAIL + line);
    failed = true;
    return this;
  }

  ControlEvidence note(String line) {
    lines.add(NOTE + line);
    return this;
  }

  /** Adds an ok or a fail line depending on {@code holds}. */
  ControlEvidence check(boolean holds, String okLine, String failLine) {
    return holds ? ok(okLine) : fail(failLine);
  }

  ControlEvidence object(String object) {
    objects.add(object);
    return this;
  }

  boolean failed() {
    return failed;
  }

  List<String> lines() {
    return lines;
  }

  List<String> objects() {
    return List.copyOf(objects);
  }
}
