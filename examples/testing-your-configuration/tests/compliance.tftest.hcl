# The compliance rules on their own module: any list of policies, no
# provider. (A mock_data or override_data value for the policies list
# itself is refused by Terraform 1.11 to 1.16: "expected object type,
# found tuple"; a plain module input has no such limit.)
#
# A file of its own, with no mock_provider: in a file that declares
# mock_provider "sps", OpenTofu 1.12 fails this run with "Missing required
# provider registry.opentofu.org/hashicorp/sps" (the module declares no
# provider, so there "sps" means hashicorp/sps). Terraform passes either way.
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
