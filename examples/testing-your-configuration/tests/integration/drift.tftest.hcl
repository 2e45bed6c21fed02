# Runs after ci/integration-test.sh has changed the appliance behind
# Terraform's back (through mocksps's /_mock endpoints): another
# administrator raised the built-in default policy's idle timeout to 3600 s.

variables {
  policies = {
    web = {}
  }
}

run "reports_the_drifted_policy" {
  assert {
    condition     = output.noncompliant_policies == tolist(["default"])
    error_message = "the drifted default policy (3600 s) should be reported"
  }

  # The drift does not touch what this module manages.
  assert {
    condition     = sps_vnc_settings_policy.team["web"].timeout == 600
    error_message = "web should keep its own timeout"
  }
}
