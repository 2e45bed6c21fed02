# Fast tests: no appliance, no mock server. mock_provider answers every
# resource and data source with the values below (or generated ones), so
# these check the module's own logic: variable validation, what it plans,
# and how it reads compliance data. `terraform test` runs them (tests/ is its
# default folder; the integration tests in tests/integration need a flag).

mock_provider "sps" {
  mock_data "sps_audit_sessions" {
    defaults = {
      match_count = 3
    }
  }
}

variables {
  policies = {
    web    = {}
    legacy = { timeout = 300, legacy_tls = true }
  }
}

run "plans_the_policies" {
  command = plan

  assert {
    condition     = sps_vnc_settings_policy.team["web"].timeout == 600
    error_message = "web should get the 600 s default timeout"
  }

  assert {
    condition     = sps_vnc_settings_policy.team["legacy"].server_tls_security_settings.minimum_tls_version == "TLSv1_0"
    error_message = "legacy_tls should allow TLS 1.0 towards the servers"
  }

  assert {
    condition     = sps_vnc_settings_policy.team["web"].server_tls_security_settings.minimum_tls_version == "TLSv1_2"
    error_message = "policies without legacy_tls should require TLS 1.2"
  }
}

run "rejects_names_with_spaces" {
  command = plan

  variables {
    policies = { "bad name" = {} }
  }

  expect_failures = [var.policies]
}

run "rejects_timeouts_over_the_baseline" {
  command = plan

  variables {
    policies = { slow = { timeout = 3600 } }
  }

  expect_failures = [var.policies]
}

run "reads_the_session_search" {
  command = plan

  assert {
    condition     = output.refused_vnc_sessions == 3
    error_message = "refused_vnc_sessions should be the search's match_count"
  }
}
