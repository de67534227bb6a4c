/** Why a `.widget` file or its template could not give a widget. */
export type WidgetTemplateErrorCode =
  /** The file is not a Widget Builder export: not JSON, or without `version`, `name` or `template`. */
  | 'invalid_file'
  /** A `version` other than `1.0`, the only one chatkit-python 1.6.5 reads. */
  | 'unsupported_version'
  /** The template is not Jinja this engine reads (a syntax error, or a tag, filter or test it lacks). */
  | 'template_syntax'
  /** Rendering failed where jinja2 raises (an undefined name, a type error, a division by zero). */
  | 'template_render'
  /** The data does not match the file's `jsonSchema`; `path` names the field. */
  | 'invalid_data'
  /** The template rendered something that is not a widget: not JSON, or not a `Card`/`ListView`/`Basic` root. */
  | 'invalid_output'

/**
 * A `.widget` file that cannot be read, or a build that failed. Its message names the field or
 * the template's line, never a value of the data.
 */
export class WidgetTemplateError extends Error {
  override readonly name = 'WidgetTemplateError'

  constructor(
    readonly code: WidgetTemplateErrorCode,
    message: string,
    /**
     * For `invalid_data` and `invalid_output`: where, as a JSON pointer (`/items/0/color`); `''`
     * for the whole value.
     */
    readonly path?: string,
  ) {
    super(message)
  }
}
