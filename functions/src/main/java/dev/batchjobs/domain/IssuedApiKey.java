package dev.batchjobs.domain;

/** A key just created: the only moment its secret exists outside the client's hands. */
public record IssuedApiKey(String secret, ApiKeyRecord record) {
    @Override
    public String toString() {
        return "IssuedApiKey[keyId=" + record.keyId() + ", accountId=" + record.accountId() + "]";
    }
}
