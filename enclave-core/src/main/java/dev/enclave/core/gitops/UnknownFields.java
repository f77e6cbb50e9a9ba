package dev.enclave.core.gitops;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the path of every field the API classes do not have, and skips it, as the CRD's
 * structural schema would prune it on the server.
 */
final class UnknownFields extends DeserializationProblemHandler {
  private final List<String> paths = new ArrayList<>();

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext context,
      JsonParser parser,
      JsonDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName)
      throws IOException {
    JsonStreamContext where = parser.getParsingContext();
    if (parser.currentToken() == JsonToken.START_OBJECT
        || parser.currentToken() == JsonToken.START_ARRAY) {
      where = where.getParent();
    }
    paths.add(FieldPaths.of(where));
    parser.skipChildren();
    return true;
  }

  List<String> paths() {
    return paths;
  }
}
