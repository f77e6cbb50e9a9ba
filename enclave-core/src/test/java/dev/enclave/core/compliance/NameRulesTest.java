package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NameRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void a_name_that_is_not_a_dns_label_is_refused() {
    platform.euPostgres.getMetadata().setName("EU_Postgres");
    platform.beta.getSpec().getDataStore().setRef("EU_Postgres");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "DataStore/EU_Postgres: metadata.name: name \"EU_Postgres\" is not a DNS-1123 label"
                + " (lowercase letters, digits and '-', starting and ending with a letter or"
                + " digit, at most 63 characters)");
  }

  @Test
  void an_object_without_a_name_is_refused() {
    platform.incident.getMetadata().setName(null);

    assertThat(platform.evaluate())
        .extracting(Violation::fieldPath, Violation::message)
        .containsExactly(tuple("metadata.name", "metadata.name is required"));
  }

  @Test
  void a_tenant_name_starting_with_a_digit_is_refused_because_it_names_a_service() {
    platform.acme.getMetadata().setName("1acme");
    platform.incident.getSpec().setTenantCluster("1acme");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/1acme: metadata.name: name \"1acme\" must start with a letter: it names"
                + " the control-plane Service (DNS-1035 label)");
  }

  @Test
  void a_data_store_name_starting_with_a_digit_is_accepted() {
    platform.euPostgres.getMetadata().setName("1-postgres");
    platform.beta.getSpec().getDataStore().setRef("1-postgres");

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void a_tenant_name_longer_than_its_stateful_set_allows_is_refused() {
    String name = "a".repeat(53);
    platform.acme.getMetadata().setName(name);
    platform.incident.getSpec().setTenantCluster(name);

    assertThat(platform.evaluate())
        .extracting(Violation::message)
        .contains(
            "name \""
                + name
                + "\" is 53 characters; at most 52: the control-plane StatefulSet needs room for"
                + " its 11-character revision suffix");
  }

  @Test
  void a_derived_host_namespace_longer_than_63_characters_is_refused_with_its_name_and_length() {
    String name = "a".repeat(50);
    platform.acme.getMetadata().setName(name);
    platform.incident.getSpec().setTenantCluster(name);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/"
                + name
                + ": metadata.name: derived host namespace \"tc-tenants-eu-"
                + name
                + "\" is 64 characters; at most 63 (a namespace name): shorten the tenant's name"
                + " or namespace");
  }

  @Test
  void a_derived_host_namespace_of_exactly_63_characters_is_accepted() {
    String name = "a".repeat(49);
    platform.acme.getMetadata().setName(name);
    platform.incident.getSpec().setTenantCluster(name);

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void tenants_whose_host_namespaces_collide_are_both_refused_naming_each_other() {
    platform.tenants.add(Fixtures.tenant("a-b", "c", "eu"));
    platform.tenants.add(Fixtures.tenant("a", "b-c", "eu"));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/b-c: metadata.name: derived host namespace \"tc-a-b-c\" collides with"
                + " that of TenantCluster a-b/c",
            "TenantCluster/c: metadata.name: derived host namespace \"tc-a-b-c\" collides with"
                + " that of TenantCluster a/b-c");
  }

  @Test
  void a_namespaced_object_without_a_namespace_is_refused() {
    platform.incident.getMetadata().setNamespace(null);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "AccessGrant/incident-4711: metadata.namespace: metadata.namespace is required:"
                + " AccessGrant is namespaced");
  }

  @Test
  void a_cluster_scoped_object_with_a_namespace_is_refused() {
    platform.eu.getMetadata().setNamespace("default");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: metadata.namespace: Jurisdiction is cluster-scoped; remove namespace"
                + " \"default\"");
  }
}
