# Everything of an SPS appliance that the provider can adopt, for
# `terraform query` (Terraform 1.14+): the typed list resources first, then
# sps_config_object for every other list the vendor's reference documents,
# and sps_config_settings for its settings. The block labels become the
# generated resource names (ssh_connections_0, ...). Put it next to the
# configuration that holds the provider block (and required_providers).
#
# Not listed: the connection policies of Telnet, VNC, MSSQL, HTTP and ICA
# and the ACLs (read-only over the REST API: they can be listed, not
# managed), and passwords and private keys (write-once). Credential stores
# hold secrets: after generating, move them from body to sensitive_body.

list "sps_vnc_settings_policy" "all" {
  provider = sps
}

list "sps_time_policy" "all" {
  provider = sps
}

list "sps_ssh_options" "all" {
  provider = sps
}

list "sps_rdp_options" "all" {
  provider = sps
}

list "sps_telnet_options" "all" {
  provider = sps
}

list "sps_http_options" "all" {
  provider = sps
}

list "sps_ica_options" "all" {
  provider = sps
}

list "sps_vnc_options" "all" {
  provider = sps
}

list "sps_config_object" "aaa_local_database_groups" {
  provider = sps
  config {
    path = "aaa/local_database/groups"
  }
}

list "sps_config_object" "aaa_local_database_users" {
  provider = sps
  config {
    path = "aaa/local_database/users"
  }
}

list "sps_config_object" "policies_indexing" {
  provider = sps
  config {
    path = "policies/indexing"
  }
}

list "sps_config_object" "policies_audit_policies" {
  provider = sps
  config {
    path = "policies/audit_policies"
  }
}

list "sps_config_object" "policies_archive_cleanup_policies" {
  provider = sps
  config {
    path = "policies/archive_cleanup_policies"
  }
}

list "sps_config_object" "policies_content_policies" {
  provider = sps
  config {
    path = "policies/content_policies"
  }
}

list "sps_config_object" "policies_ldap_servers" {
  provider = sps
  config {
    path = "policies/ldap_servers"
  }
}

list "sps_config_object" "policies_signing_cas" {
  provider = sps
  config {
    path = "policies/signing_cas"
  }
}

list "sps_config_object" "policies_user_databases" {
  provider = sps
  config {
    path = "policies/user_databases"
  }
}

list "sps_config_object" "policies_userlists" {
  provider = sps
  config {
    path = "policies/userlists"
  }
}

list "sps_config_object" "policies_usermapping_policies" {
  provider = sps
  config {
    path = "policies/usermapping_policies"
  }
}

list "sps_config_object" "policies_credentialstores" {
  provider = sps
  config {
    path = "policies/credentialstores"
  }
}

list "sps_config_object" "plugins_credentialstore" {
  provider = sps
  config {
    path = "plugins/credentialstore"
  }
}

list "sps_config_object" "ssh_connections" {
  provider = sps
  config {
    path = "ssh/connections"
  }
}

list "sps_config_object" "rdp_connections" {
  provider = sps
  config {
    path = "rdp/connections"
  }
}

list "sps_config_object" "ssh_authentication_policies" {
  provider = sps
  config {
    path = "ssh/authentication_policies"
  }
}

list "sps_config_object" "http_authentication_policies" {
  provider = sps
  config {
    path = "http/authentication_policies"
  }
}

list "sps_config_object" "telnet_authentication_policies" {
  provider = sps
  config {
    path = "telnet/authentication_policies"
  }
}

list "sps_config_object" "ssh_channel_policies" {
  provider = sps
  config {
    path = "ssh/channel_policies"
  }
}

list "sps_config_object" "rdp_channel_policies" {
  provider = sps
  config {
    path = "rdp/channel_policies"
  }
}

list "sps_config_object" "telnet_channel_policies" {
  provider = sps
  config {
    path = "telnet/channel_policies"
  }
}

list "sps_config_object" "http_channel_policies" {
  provider = sps
  config {
    path = "http/channel_policies"
  }
}

list "sps_config_object" "ica_channel_policies" {
  provider = sps
  config {
    path = "ica/channel_policies"
  }
}

list "sps_config_object" "vnc_channel_policies" {
  provider = sps
  config {
    path = "vnc/channel_policies"
  }
}

list "sps_config_object" "ssh_settings_policies" {
  provider = sps
  config {
    path = "ssh/settings_policies"
  }
}

list "sps_config_object" "rdp_settings_policies" {
  provider = sps
  config {
    path = "rdp/settings_policies"
  }
}

list "sps_config_object" "telnet_settings_policies" {
  provider = sps
  config {
    path = "telnet/settings_policies"
  }
}

list "sps_config_object" "http_settings_policies" {
  provider = sps
  config {
    path = "http/settings_policies"
  }
}

list "sps_config_object" "ica_settings_policies" {
  provider = sps
  config {
    path = "ica/settings_policies"
  }
}

list "sps_config_settings" "management_webinterface" {
  provider = sps
  config {
    path = "management/webinterface"
  }
}
