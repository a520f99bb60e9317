import { useState } from "react"

/** The state of a list page: which row is being edited or deleted, or a new one being added. */
export function useRowDialogs<T>() {
  const [editing, setEditing] = useState<T | "new" | null>(null)
  const [deleting, setDeleting] = useState<T | null>(null)
  return {
    editing,
    deleting,
    add: () => setEditing("new"),
    edit: (row: T) => setEditing(row),
    remove: (row: T) => setDeleting(row),
    closeEdit: () => setEditing(null),
    closeDelete: () => setDeleting(null),
  }
}
