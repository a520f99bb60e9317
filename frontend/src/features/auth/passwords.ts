/** The API's rule (8..128 characters), checked before asking. */
export function checkNewPassword(value: string): string | null {
  if (value.length < 8) return "At least 8 characters"
  if (value.length > 128) return "At most 128 characters"
  return null
}

export function checkConfirmation(value: string, values: { password: string }): string | null {
  return value === values.password ? null : "The passwords do not match"
}
