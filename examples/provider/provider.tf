terraform {
  required_providers {
    sps = {
      source = "terraform-sps/sps"
    }
  }
}

variable "sps_password" {
  type      = string
  sensitive = true
}

# Every setting can come from the environment instead (SPS_URL, SPS_USERNAME,
# SPS_PASSWORD, SPS_CA_CERT, ...); values written here take precedence.
provider "sps" {
  url      = "https://sps.example.com"
  username = "terraform"
  password = var.sps_password

  # The CA that signed the appliance's certificate: a PEM file path or PEM text.
  ca_cert_pem = "/etc/ssl/certs/sps-ca.pem"

  # Optional tuning; these are the defaults.
  request_timeout   = "60s"
  max_retries       = 4
  lock_wait_timeout = "5m"
}
