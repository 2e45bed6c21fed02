terraform {
  required_providers {
    sps = {
      source = "terraform-sps/sps"
    }
  }
}

# Log in with a client certificate instead of a password: SPS must have
# certificate login enabled and map the certificate's subject to one of its
# users. The certificate and its key are PEM text or the paths of PEM files;
# SPS_CLIENT_CERT and SPS_CLIENT_KEY work as well. The key is never logged.
provider "sps" {
  url             = "https://sps.example.com"
  ca_cert_pem     = "/etc/ssl/certs/sps-ca.pem"
  client_cert_pem = "/etc/sps/terraform.crt"
  client_key_pem  = "/etc/sps/terraform.key"
}
