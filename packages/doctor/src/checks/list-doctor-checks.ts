import type { CheckCategory } from "../types.js";
import { DOCTOR_CHECKS } from "./doctor-checks.js";

/** A check as help text and completion show it. */
export interface DoctorCheckInfo {
  id: string;
  title: string;
  description: string;
  category: CheckCategory;
}

/** Every check's id, title and one-line description, in report order. */
export function listDoctorChecks(): DoctorCheckInfo[] {
  return DOCTOR_CHECKS.map(({ id, title, description, category }) => ({ id, title, description, category }));
}
