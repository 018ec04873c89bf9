// Every use of @vscode/webview-ui-toolkit lives here. The toolkit is deprecated upstream;
// swapping it for @vscode-elements/elements means rewriting this file only: the rest of
// the page sees plain HTMLElements and callbacks.
import {
    provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDropdown, vsCodeOption, vsCodeRadio, vsCodeRadioGroup
} from '@vscode/webview-ui-toolkit';

export interface Choice { value: string; label: string }

export interface DropdownControl {
    element: HTMLElement;
    setChoices(choices: Choice[], selected: string): void;
}

export interface CheckboxControl {
    element: HTMLElement;
    setChecked(checked: boolean): void;
}

export interface RadioGroupControl {
    element: HTMLElement;
    setValue(value: string): void;
}

/** Defines the toolkit's custom elements once, before any control is created. */
export function registerControls(): void {
    provideVSCodeDesignSystem().register(
        vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption(), vsCodeRadio(), vsCodeRadioGroup()
    );
}

/** A labelled dropdown; `onChange` gets the chosen value. */
export function dropdown(label: string, onChange: (value: string) => void): DropdownControl {
    const wrapper = document.createElement('div');
    wrapper.className = 'control';
    const caption = document.createElement('label');
    caption.textContent = label;
    const select = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
    select.setAttribute('aria-label', label);
    // It selects options by typed keys: the map's own shortcuts (+, -, 0) stay out of it.
    select.setAttribute('data-own-keys', '');
    select.addEventListener('change', () => onChange(select.value));
    wrapper.append(caption, select);
    return {
        element: wrapper,
        setChoices(choices, selected) {
            const options = choices.map(choice => {
                const option = document.createElement('vscode-option');
                option.setAttribute('value', choice.value);
                option.textContent = choice.label;
                if (choice.value === selected) option.setAttribute('selected', '');
                return option;
            });
            select.replaceChildren(...options);
            select.value = selected;
        }
    };
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): CheckboxControl {
    const box = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
    box.textContent = label;
    box.checked = checked;
    box.addEventListener('change', () => onChange(box.checked));
    return { element: box, setChecked: value => { box.checked = value; } };
}

export function radioGroup(label: string, choices: Choice[], selected: string, onChange: (value: string) => void): RadioGroupControl {
    const group = document.createElement('vscode-radio-group') as HTMLElement & { value: string };
    const caption = document.createElement('label');
    caption.slot = 'label';
    caption.textContent = label;
    group.append(caption, ...choices.map(choice => {
        const radio = document.createElement('vscode-radio');
        radio.setAttribute('value', choice.value);
        radio.textContent = choice.label;
        if (choice.value === selected) radio.setAttribute('checked', '');
        return radio;
    }));
    // The radios' own change events bubble here too (the one unchecked, the one checked): one
    // choice is reported once.
    let reported = selected;
    group.addEventListener('change', () => {
        if (group.value === reported) return;
        reported = group.value;
        onChange(reported);
    });
    return { element: group, setValue: value => { reported = value; group.value = value; } };
}

/** A toolbar button; `icon` buttons show a short glyph and carry their name as a tooltip. */
export function button(label: string, onClick: () => void, options: { icon?: string; title?: string } = {}): HTMLElement {
    const element = document.createElement('vscode-button');
    element.setAttribute('appearance', options.icon ? 'icon' : 'secondary');
    element.setAttribute('title', options.title ?? label);
    element.setAttribute('aria-label', label);
    element.textContent = options.icon ?? label;
    element.addEventListener('click', onClick);
    return element;
}
