package dev.enclave.cli.backup;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code NAMESPACE/NAME} of a TenantCluster, as the backup commands take it. */
public record TenantRef(String namespace, String name) {
  /** Parses {@code NAMESPACE/NAME}; anything else is a usage error. */
  public static final class Converter implements ITypeConverter<TenantRef> {
    @Override
    public TenantRef convert(String value) {
      String[] parts = value.split("/", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new TypeConversionException(
            "TenantCluster '" + value + "' is not NAMESPACE/NAME; allowed: e.g. tenants-eu/acme");
      }
      return new TenantRef(parts[0], parts[1]);
    }
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
