import { describe, expect, it } from 'vitest'
import { recordAnnouncements } from './recordAnnouncements.ts'

/** Lets the MutationObserver deliver. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('recordAnnouncements follows the live-region rules of WAI-ARIA 1.2', () => {
  it('reads a status whole (atomic), an alert inserted with its text, a log by additions, and never a timer', async () => {
    const page = document.createElement('div')
    page.innerHTML = `
      <span role="status"><span id="label">Active</span> <span id="code"></span></span>
      <span role="timer" id="timer">9:59</span>
      <ul role="log" id="log"><li>one</li></ul>
      <p aria-live="off" role="status" id="silenced">quiet</p>
      <div id="slot"></div>`
    document.body.append(page)
    const recorder = recordAnnouncements(page)
    const byId = (id: string) => page.querySelector(`#${id}`) as HTMLElement

    byId('label').textContent = 'Error'
    byId('code').textContent = '(unauthorized)'
    await settle()
    byId('timer').textContent = '9:58'
    byId('silenced').textContent = 'still quiet'
    await settle()
    byId('log').insertAdjacentHTML('beforeend', '<li>two</li>')
    await settle()
    byId('slot').innerHTML = '<div role="alert"><p>It failed.</p></div>'
    await settle()
    recorder.stop()
    byId('label').textContent = 'Active'
    await settle()

    expect(recorder.log).toEqual([
      { politeness: 'polite', role: 'status', text: 'Error (unauthorized)' },
      { politeness: 'polite', role: 'log', text: 'two' },
      { politeness: 'assertive', role: 'alert', text: 'It failed.' },
    ])
    page.remove()
  })

  it('the nearest region decides: a timer inside a status is silent, a bare span inside it is not', async () => {
    const page = document.createElement('div')
    page.innerHTML = `<span role="status">Active <span role="timer" id="t">9:59</span> <span id="s">9:59</span></span>`
    document.body.append(page)
    const recorder = recordAnnouncements(page)
    ;(page.querySelector('#t') as HTMLElement).textContent = '9:58'
    await settle()
    ;(page.querySelector('#s') as HTMLElement).textContent = '9:58'
    await settle()
    recorder.stop()
    expect(recorder.log).toEqual([{ politeness: 'polite', role: 'status', text: 'Active 9:58 9:58' }])
    page.remove()
  })
})
