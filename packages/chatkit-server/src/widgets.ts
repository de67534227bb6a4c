// `@chatkit-session/chatkit-server/widgets`: typed widgets, Widget Builder's `.widget` templates
// and widget streaming. No Node built-ins: it runs in an edge runtime too.
export type {
  Badge,
  BasicRoot,
  Box,
  Button,
  Caption,
  Card,
  Chart,
  ChartSeries,
  Checkbox,
  Col,
  DatePicker,
  Divider,
  Form,
  Icon,
  Image,
  Input,
  Label,
  ListView,
  ListViewItem,
  Markdown,
  RadioGroup,
  Row,
  Select,
  Spacer,
  Table,
  TableCell,
  TableRow,
  TextComponent,
  Textarea,
  ThemeColor,
  Title,
  Transition,
  Widget,
  WidgetAction,
  WidgetIcon,
  WidgetNode,
} from './widgets/widgetTypes.ts'
export { serializeWidget } from './widgets/serializeWidget.ts'
export { parseWidgetTemplate } from './widgets/parseWidgetTemplate.ts'
export type { DynamicWidgetRoot, WidgetTemplate } from './widgets/parseWidgetTemplate.ts'
export { WidgetTemplateError } from './widgets/widgetTemplateError.ts'
export type { WidgetTemplateErrorCode } from './widgets/widgetTemplateError.ts'
export { diffWidget } from './widgets/diffWidget.ts'
export type { WidgetUpdate } from './widgets/diffWidget.ts'
export { streamWidget } from './widgets/streamWidget.ts'
export type { StreamWidgetOptions } from './widgets/streamWidget.ts'
