/** Maps the menu model to Electron's menu template (pure; only Electron's types are imported). */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuItemModel, TrayAction } from './menu-model.ts';

/** Builds the template; clicks call `onAction` with the item's action id. */
export function toMenuTemplate(items: MenuItemModel[], onAction: (id: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'status':
        return { label: item.label, enabled: false };
      case 'checkbox':
        return { id: item.id, type: 'checkbox', label: item.label, checked: item.checked, click: () => onAction(item.id) };
      case 'action':
        return { id: item.id, label: item.label, enabled: item.enabled, click: () => onAction(item.id) };
    }
  });
}
