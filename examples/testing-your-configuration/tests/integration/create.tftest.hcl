# Integration tests against a running mocksps (or a lab appliance): real
# applies, real reads. ci/integration-test.sh starts the mock and sets
# SPS_URL, SPS_USERNAME, SPS_PASSWORD and SPS_CA_CERT. Everything created
# here is destroyed when the file ends.

variables {
  policies = {
    web    = {}
    legacy = { timeout = 300, legacy_tls = true }
  }
}

run "create" {
  assert {
    condition     = contains(data.sps_vnc_settings_policies.all.policies[*].id, sps_vnc_settings_policy.team["web"].id)
    error_message = "the appliance should list web under the key the apply recorded"
  }

  assert {
    condition     = contains(data.sps_vnc_settings_policies.all.policies[*].name, "legacy")
    error_message = "the appliance should list the legacy policy after the apply"
  }

  # The appliance's built-in default policy (600 s) is within the baseline.
  assert {
    condition     = length(output.noncompliant_policies) == 0
    error_message = "no policy should exceed the baseline yet"
  }

  assert {
    condition     = output.legacy_tls_policies == tolist(["legacy"])
    error_message = "only legacy should allow TLS 1.0"
  }

  # Compliance data from the session database (the mock's generated sessions).
  assert {
    condition     = output.refused_vnc_sessions > 0
    error_message = "the search should find denied or failed VNC sessions"
  }
}

run "update_and_remove" {
  variables {
    policies = {
      web = { timeout = 450 }
    }
  }

  assert {
    condition     = sps_vnc_settings_policy.team["web"].timeout == 450
    error_message = "web's timeout should be updated in place"
  }

  assert {
    condition     = !contains(data.sps_vnc_settings_policies.all.policies[*].name, "legacy")
    error_message = "legacy should be deleted from the appliance"
  }
}
