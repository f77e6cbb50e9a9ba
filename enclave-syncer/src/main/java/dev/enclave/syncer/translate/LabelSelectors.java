package dev.enclave.syncer.translate;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Translates tenant label selectors the way {@link NameTranslator#hostLabels} translates labels, so
 * a selector matches on the host exactly the synced objects it matched in the tenant. A key in
 * {@code enclave.dev} is refused: host copies never carry tenant values for it.
 */
final class LabelSelectors {
  private LabelSelectors() {}

  /** A map selector (Services, node selectors of pods) translated key by key. */
  static SortedMap<String, String> toHost(
      Map<String, String> selector, String field, List<Refusal> refusals) {
    SortedMap<String, String> host = new TreeMap<>();
    if (selector == null) {
      return host;
    }
    new TreeMap<>(selector)
        .forEach(
            (key, value) ->
                hostKey(key, field + "[\"" + key + "\"]", refusals)
                    .ifPresent(hostKey -> host.put(hostKey, value)));
    return host;
  }

  /** A full selector translated; null stays null. */
  static LabelSelector toHost(LabelSelector selector, String field, List<Refusal> refusals) {
    if (selector == null) {
      return null;
    }
    LabelSelector host = new LabelSelector();
    host.setMatchLabels(toHost(selector.getMatchLabels(), field + ".matchLabels", refusals));
    List<LabelSelectorRequirement> expressions = new ArrayList<>();
    List<LabelSelectorRequirement> tenant = selector.getMatchExpressions();
    for (int i = 0; tenant != null && i < tenant.size(); i++) {
      LabelSelectorRequirement requirement = tenant.get(i);
      if (requirement == null) {
        continue;
      }
      String path = field + ".matchExpressions[" + i + "].key";
      hostKey(requirement.getKey(), path, refusals)
          .ifPresent(
              key ->
                  expressions.add(
                      new LabelSelectorRequirement(
                          key, requirement.getOperator(), copy(requirement.getValues()))));
    }
    host.setMatchExpressions(expressions);
    return host;
  }

  /** Keys of {@code matchLabelKeys} and the like, translated. */
  static List<String> keysToHost(List<String> keys, String field, List<Refusal> refusals) {
    if (keys == null) {
      return null;
    }
    List<String> host = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      hostKey(keys.get(i), field + "[" + i + "]", refusals).ifPresent(host::add);
    }
    return host;
  }

  static Optional<String> hostKey(String key, String field, List<Refusal> refusals) {
    Optional<String> host = NameTranslator.hostLabelKey(key);
    if (host.isEmpty()) {
      Refusals.add(
          refusals,
          field,
          key,
          "keys outside the " + ReservedKeys.ENCLAVE_DOMAIN + " namespace, which is the host's");
    }
    return host;
  }

  private static List<String> copy(List<String> values) {
    return values == null ? null : new ArrayList<>(values);
  }
}
