terraform {
  # mock_provider in `terraform test` needs Terraform 1.7+.
  required_version = ">= 1.7"

  required_providers {
    sps = {
      source  = "terraform-sps/sps"
      version = ">= 0.1.0"
    }
  }
}

# The connection comes from SPS_URL, SPS_USERNAME, SPS_PASSWORD and
# SPS_CA_CERT, so the same module runs against an appliance, against
# mocksps in CI, and (without any of them) with mock_provider.
provider "sps" {}
