/**
 * VS Code theme variables for the browser harness: what VS Code sets on a webview's html element
 * (a subset: the variables the editor and vscode-elements read) and the body class of the theme's
 * kind, for Dark Modern, Light Modern and Dark High Contrast.
 */

/** A dark VS Code theme's variables (Dark Modern), so pages look (and screenshots read) like the real editor. */
const DARK = `
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
  --vscode-editor-background: #1e1e1e; --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d;
  --vscode-focusBorder: #0078d4; --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #cca700;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc; --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-input-background: #313131; --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c; --vscode-input-placeholderForeground: #989898;
  --vscode-inputValidation-errorBorder: #be1100; --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #cccccc;
  --vscode-editorWidget-background: #202020; --vscode-editorWidget-border: #454545; --vscode-widget-border: #313131; --vscode-widget-shadow: rgba(0,0,0,.36);
  --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8; --vscode-textLink-foreground: #4daafc;
  --vscode-charts-foreground: #cccccc; --vscode-charts-blue: #3794ff; --vscode-charts-purple: #b180d7; --vscode-charts-green: #89d185;
  --vscode-charts-yellow: #cca700; --vscode-charts-orange: #d18616; --vscode-charts-red: #f14c4c; --vscode-editorLineNumber-foreground: #6e7681;
  --vscode-sideBarSectionHeader-background: #181818; --vscode-list-activeSelectionBackground: #04395e; --vscode-list-activeSelectionForeground: #ffffff;`;

/** Light Modern's variables (the theme of the e2e journeys' screenshots). */
const LIGHT = `
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
  --vscode-editor-background: #ffffff; --vscode-foreground: #3b3b3b; --vscode-descriptionForeground: #3b3b3b;
  --vscode-focusBorder: #005fb8; --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #bf8803;
  --vscode-button-background: #005fb8; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #0258a8;
  --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryForeground: #3b3b3b; --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-input-background: #ffffff; --vscode-input-foreground: #3b3b3b; --vscode-input-border: #cecece; --vscode-input-placeholderForeground: #767676;
  --vscode-inputValidation-errorBorder: #be1100; --vscode-dropdown-background: #ffffff; --vscode-dropdown-foreground: #3b3b3b;
  --vscode-editorWidget-background: #f8f8f8; --vscode-editorWidget-border: #c8c8c8; --vscode-widget-border: #e5e5e5; --vscode-widget-shadow: rgba(0,0,0,.16);
  --vscode-badge-background: #cccccc; --vscode-badge-foreground: #3b3b3b; --vscode-textLink-foreground: #005fb8;
  --vscode-charts-foreground: #616161; --vscode-charts-blue: #1a85ff; --vscode-charts-purple: #652d90; --vscode-charts-green: #388a34;
  --vscode-charts-yellow: #bf8803; --vscode-charts-orange: #d18616; --vscode-charts-red: #e51400; --vscode-editorLineNumber-foreground: #6e7681;
  --vscode-sideBarSectionHeader-background: #f8f8f8; --vscode-list-activeSelectionBackground: #e8e8e8; --vscode-list-activeSelectionForeground: #000000;
  --vscode-settings-textInputBackground: #ffffff; --vscode-settings-textInputForeground: #3b3b3b; --vscode-settings-textInputBorder: #cecece;
  --vscode-settings-dropdownBackground: #ffffff; --vscode-settings-dropdownForeground: #3b3b3b; --vscode-settings-dropdownBorder: #cecece; --vscode-settings-dropdownListBorder: #cecece;`;

/** Dark High Contrast's variables: black, white text, cyan borders, orange focus. */
const HIGH_CONTRAST = `
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
  --vscode-editor-background: #000000; --vscode-foreground: #ffffff; --vscode-descriptionForeground: #ffffff;
  --vscode-focusBorder: #f38518; --vscode-contrastBorder: #6fc3df; --vscode-contrastActiveBorder: #f38518;
  --vscode-errorForeground: #f48771; --vscode-editorWarning-foreground: #ffd370;
  --vscode-button-background: #000000; --vscode-button-foreground: #ffffff; --vscode-button-border: #6fc3df;
  --vscode-button-secondaryBackground: #000000; --vscode-button-secondaryForeground: #ffffff;
  --vscode-input-background: #000000; --vscode-input-foreground: #ffffff; --vscode-input-border: #6fc3df; --vscode-input-placeholderForeground: #ffffffb3;
  --vscode-dropdown-background: #000000; --vscode-dropdown-foreground: #ffffff; --vscode-dropdown-border: #6fc3df;
  --vscode-editorWidget-background: #0c141f; --vscode-editorWidget-border: #6fc3df; --vscode-widget-border: #6fc3df;
  --vscode-badge-background: #000000; --vscode-badge-foreground: #ffffff; --vscode-textLink-foreground: #21a6ff;
  --vscode-charts-foreground: #ffffff; --vscode-charts-blue: #3794ff; --vscode-charts-purple: #b180d7; --vscode-charts-green: #89d185;
  --vscode-charts-yellow: #ffd370; --vscode-charts-orange: #d18616; --vscode-charts-red: #f48771; --vscode-editorLineNumber-foreground: #ffffff;
  --vscode-sideBarSectionHeader-background: #000000; --vscode-list-activeSelectionBackground: #000000; --vscode-list-activeSelectionForeground: #ffffff;
  --vscode-settings-textInputBackground: #000000; --vscode-settings-textInputForeground: #ffffff; --vscode-settings-textInputBorder: #6fc3df;
  --vscode-settings-dropdownBackground: #000000; --vscode-settings-dropdownForeground: #ffffff; --vscode-settings-dropdownBorder: #6fc3df; --vscode-settings-dropdownListBorder: #6fc3df;`;

/** The VS Code themes the harness can serve: the body class VS Code sets, and the variables. */
export const THEMES = {
  dark: { bodyClass: 'vscode-dark', variables: DARK },
  light: { bodyClass: 'vscode-light', variables: LIGHT },
  'high-contrast': { bodyClass: 'vscode-high-contrast', variables: HIGH_CONTRAST },
} as const;
/** A theme name of {@link THEMES}. */
export type ThemeName = keyof typeof THEMES;
