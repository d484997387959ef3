import { CHECK_IDS } from "../checks/check-ids.js";

const suggestion = {
  type: "object",
  required: ["description"],
  additionalProperties: false,
  properties: {
    description: { type: "string", minLength: 1 },
    command: { type: "string", minLength: 1 },
  },
} as const;

/**
 * JSON Schema (draft 2020-12) of `hftool doctor --json`, version 1. Adding optional fields keeps
 * the version; removing or changing one bumps `schemaVersion`. `data` is free-form per check.
 */
export const DOCTOR_REPORT_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/hftool/hftool/blob/main/packages/doctor/schema/doctor-report.v1.json",
  title: "hftool doctor report",
  type: "object",
  required: ["schemaVersion", "tool", "generatedAt", "platform", "exitCode", "summary", "checks", "fixes"],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: "object",
      required: ["name", "version"],
      additionalProperties: false,
      properties: { name: { type: "string" }, version: { type: "string" } },
    },
    generatedAt: { type: "string", format: "date-time" },
    platform: {
      type: "object",
      required: ["os", "arch", "release", "node"],
      additionalProperties: false,
      properties: {
        os: { type: "string" },
        arch: { type: "string" },
        release: { type: "string" },
        node: { type: "string" },
      },
    },
    exitCode: { enum: [0, 1, 2], description: "0: only ok/info; 1: warnings; 2: errors" },
    summary: {
      type: "object",
      required: ["total", "ok", "warning", "error", "info", "durationMs"],
      additionalProperties: false,
      properties: {
        total: { type: "integer", minimum: 0 },
        ok: { type: "integer", minimum: 0 },
        warning: { type: "integer", minimum: 0 },
        error: { type: "integer", minimum: 0 },
        info: { type: "integer", minimum: 0 },
        durationMs: { type: "integer", minimum: 0 },
      },
    },
    checks: {
      type: "array",
      items: {
        type: "object",
        required: [
          "id",
          "title",
          "category",
          "status",
          "message",
          "details",
          "suggestions",
          "durationMs",
          "timedOut",
          "data",
          "fixable",
        ],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", examples: [...CHECK_IDS] },
          title: { type: "string", minLength: 1 },
          category: { enum: ["runtime", "hardware", "tools", "network", "configuration", "storage"] },
          status: { enum: ["ok", "warning", "error", "info"] },
          message: { type: "string", minLength: 1 },
          details: { type: "array", items: { type: "string" } },
          suggestions: { type: "array", items: suggestion },
          durationMs: { type: "integer", minimum: 0 },
          timedOut: { type: "boolean" },
          data: { type: "object" },
          fixable: {
            type: "array",
            items: {
              type: "object",
              required: ["id", "description", "deletesData"],
              additionalProperties: false,
              properties: {
                id: { type: "string" },
                description: { type: "string" },
                deletesData: { type: "boolean" },
              },
            },
          },
        },
      },
    },
    fixes: {
      type: "array",
      items: {
        type: "object",
        required: ["checkId", "fixId", "description", "deletesData", "outcome"],
        additionalProperties: false,
        properties: {
          checkId: { type: "string" },
          fixId: { type: "string" },
          description: { type: "string" },
          deletesData: { type: "boolean" },
          outcome: { enum: ["applied", "declined", "failed"] },
          error: { type: "string" },
        },
      },
    },
  },
} as const;
