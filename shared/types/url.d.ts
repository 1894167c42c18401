/**
 * The WHATWG URL class, which both sides have (browsers and Node) without either being "the DOM"
 * or "Node": declared here so shared/ can parse URLs the way a browser does while its tsconfig
 * keeps DOM and Node types out.
 */
declare class URL {
  constructor(url: string, base?: string)
  readonly href: string
  readonly protocol: string
  readonly host: string
  readonly origin: string
  readonly pathname: string
}
