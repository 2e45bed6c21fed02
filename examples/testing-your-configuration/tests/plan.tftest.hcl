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

# The compliance rules on their own module: any list of policies, no
# provider. (A mock_data or override_data value for the policies list
# itself is refused by Terraform 1.11 to 1.16: "expected object type,
# found tuple"; a plain module input has no such limit.)
run "reports_noncompliant_policies" {
  command = plan

  module {
    source = "./modules/compliance"
  }

  variables {
    max_timeout = 600
    policies = [
      { name = "default", timeout = 3600, server_tls_security_settings = { minimum_tls_version = "TLSv1_2" } },
      { name = "legacy", timeout = 300, server_tls_security_settings = { minimum_tls_version = "TLSv1_0" } },
      { name = "web", timeout = 600, server_tls_security_settings = { minimum_tls_version = "TLSv1_2" } },
    ]
  }

  assert {
    condition     = output.noncompliant_policies == tolist(["default"])
    error_message = "default (3600 s) is over the 600 s baseline"
  }

  assert {
    condition     = output.legacy_tls_policies == tolist(["legacy"])
    error_message = "legacy allows TLS 1.0"
  }
}
