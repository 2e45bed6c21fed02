# The provider configuration next to appliance.tfquery.hcl: `terraform query
# -generate-config-out=adopt.tf` writes the adopted objects next to it. The
# provider takes url, username, password and ca_cert_pem from SPS_URL,
# SPS_USERNAME, SPS_PASSWORD and SPS_CA_CERT.

terraform {
  required_providers {
    sps = {
      source = "terraform-sps/sps"
    }
  }
}

provider "sps" {}
