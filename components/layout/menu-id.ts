export const MOBILE_MENU_ID = "shell-menu";
