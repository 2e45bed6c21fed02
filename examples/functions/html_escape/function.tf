# Wrap a value from SPS in your own markup, for example a paragraph in a
# report. The username is attacker-controlled text; escaped, it shows as
# the characters typed.
output "note" {
  value = "<p>Longest session by <strong>${provider::sps::html_escape("<script>alert(1)</script>")}</strong></p>"
  # <p>Longest session by <strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong></p>
}
