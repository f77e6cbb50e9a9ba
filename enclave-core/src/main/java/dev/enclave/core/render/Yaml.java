package dev.enclave.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one YAML dialect Enclave writes: no document marker, minimal quotes, multi-line strings as
 * literal blocks, map entries sorted by key unless asked otherwise. Object properties keep their
 * declared order (fabric8 models put apiVersion, kind, metadata first), so output is stable and
 * reads like kubectl's.
 */
public final class Yaml {
  private static final YAMLMapper SORTED = mapper(true);
  private static final YAMLMapper IN_ORDER = mapper(false);

  private Yaml() {}

  /** One YAML document for {@code value}, ending in a newline. */
  public static String write(Object value) {
    return write(SORTED, value);
  }

  /**
   * Like {@link #write} but keeps maps in their own order, for configuration files built from
   * ordered maps so that {@code apiVersion} and {@code kind} come first. Never pass a HashMap.
   */
  public static String writeInOrder(Object value) {
    return write(IN_ORDER, value);
  }

  private static YAMLMapper mapper(boolean sortMaps) {
    return YAMLMapper.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, sortMaps)
        .build();
  }

  private static String write(YAMLMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
  }
}
