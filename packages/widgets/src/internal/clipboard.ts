/**
 * Puts `text` on the clipboard: true once it is there, false when the browser refuses (no permission, not a secure
 * context) — the value stays on screen to select by hand. The one copy helper of the elements (a user's IDs on their
 * page, an organization's ID in the organizations panel); each says "Copied" in its own live region.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
