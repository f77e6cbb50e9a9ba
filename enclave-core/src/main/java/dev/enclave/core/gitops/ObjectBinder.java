package dev.enclave.core.gitops;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;

/**
 * Binds a document to its API class as the API server's structural schema would: scalars keep their
 * YAML type (no "3" for 3), unknown fields are pruned with a notice, type errors are reported with
 * the field path and line.
 */
final class ObjectBinder {
  private static final ObjectReader READER = mapper().reader();

  private ObjectBinder() {}

  /** The declared object, or null when it could not be bound; findings get what was wrong. */
  static <T extends HasMetadata> Declared<T> bind(
      Class<T> type, String object, YamlDocument document, SourceLocation at, Findings findings) {
    UnknownFields unknown = new UnknownFields();
    T bound;
    try {
      bound = READER.withHandler(unknown).forType(type).readValue(document.tree());
    } catch (JsonMappingException e) {
      String path = FieldPaths.of(e.getPath());
      SourceLocation line = new SourceLocation(at.file(), document.lineOf(path, at.line()));
      findings.error(new LoadError(line, object, path, TypeMessages.of(e, document, path)));
      return null;
    } catch (IOException e) {
      findings.error(new LoadError(at, object, null, "cannot be read"));
      return null;
    }
    for (String path : unknown.paths()) {
      SourceLocation line = new SourceLocation(at.file(), document.lineOf(path, at.line()));
      findings.notice(new Notice(line, object, path, "unknown field, ignored"));
    }
    return new Declared<>(bound, at, document.fieldLines());
  }

  private static ObjectMapper mapper() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .annotationIntrospector(new NoAnySetter())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
    refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer);
    refuse(mapper, LogicalType.Textual, CoercionInputShape.Float);
    refuse(mapper, LogicalType.Textual, CoercionInputShape.Boolean);
    refuse(mapper, LogicalType.Integer, CoercionInputShape.String);
    refuse(mapper, LogicalType.Float, CoercionInputShape.String);
    refuse(mapper, LogicalType.Boolean, CoercionInputShape.String);
    refuse(mapper, LogicalType.Boolean, CoercionInputShape.Integer);
    return mapper;
  }

  private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape shape) {
    mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
  }

  /**
   * Fields such as {@code metadata.foo} would land in fabric8's additionalProperties; prune them.
   */
  private static final class NoAnySetter extends JacksonAnnotationIntrospector {
    @Override
    public Boolean hasAnySetter(Annotated annotated) {
      return Boolean.FALSE;
    }
  }
}
