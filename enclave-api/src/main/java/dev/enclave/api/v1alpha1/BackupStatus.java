package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the operator last saw of a tenant cluster's backups. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class BackupStatus {
  @JsonPropertyDescription("Id of the last complete backup.")
  private String lastBackupId;

  @JsonPropertyDescription("When the last complete backup was taken (RFC 3339).")
  private String lastSuccessTime;

  @JsonPropertyDescription("When a backup was last attempted (RFC 3339), successful or not.")
  private String lastAttemptTime;

  @JsonPropertyDescription("Why the last backup failed, when it did; cleared by the next success.")
  private String lastFailure;

  @JsonPropertyDescription("Key id that wraps new backups' data keys; never the key itself.")
  private String keyId;

  @JsonPropertyDescription(
      "True once the tenant's backup key is destroyed (crypto-shredding): no backup of it can be"
          + " read again.")
  private Boolean keyShredded;

  @JsonPropertyDescription("When the backup key was destroyed (RFC 3339).")
  private String keyShreddedTime;

  public String getLastBackupId() {
    return lastBackupId;
  }

  public void setLastBackupId(String lastBackupId) {
    this.lastBackupId = lastBackupId;
  }

  public String getLastSuccessTime() {
    return lastSuccessTime;
  }

  public void setLastSuccessTime(String lastSuccessTime) {
    this.lastSuccessTime = lastSuccessTime;
  }

  public String getLastAttemptTime() {
    return lastAttemptTime;
  }

  public void setLastAttemptTime(String lastAttemptTime) {
    this.lastAttemptTime = lastAttemptTime;
  }

  public String getLastFailure() {
    return lastFailure;
  }

  public void setLastFailure(String lastFailure) {
    this.lastFailure = lastFailure;
  }

  public String getKeyId() {
    return keyId;
  }

  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }

  public Boolean getKeyShredded() {
    return keyShredded;
  }

  public void setKeyShredded(Boolean keyShredded) {
    this.keyShredded = keyShredded;
  }

  public String getKeyShreddedTime() {
    return keyShreddedTime;
  }

  public void setKeyShreddedTime(String keyShreddedTime) {
    this.keyShreddedTime = keyShreddedTime;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof BackupStatus)) return false;
    BackupStatus that = (BackupStatus) o;
    return Objects.equals(lastBackupId, that.lastBackupId)
        && Objects.equals(lastSuccessTime, that.lastSuccessTime)
        && Objects.equals(lastAttemptTime, that.lastAttemptTime)
        && Objects.equals(lastFailure, that.lastFailure)
        && Objects.equals(keyId, that.keyId)
        && Objects.equals(keyShredded, that.keyShredded)
        && Objects.equals(keyShreddedTime, that.keyShreddedTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        lastBackupId, lastSuccessTime, lastAttemptTime, lastFailure, keyId, keyShredded, keyShreddedTime);
  }
}
