# The RDP options are a single object; its ID is always "options".
terraform import sps_rdp_options.this options
