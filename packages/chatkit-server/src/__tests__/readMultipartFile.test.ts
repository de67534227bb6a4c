import { describe, expect, it } from 'vitest'
import { MultipartError, multipartBoundary, readMultipartFile } from '../readMultipartFile.ts'

/** A real multipart body from FormData, cut into chunks of `size` bytes. */
async function formBody(form: FormData, size: number) {
  const response = new Response(form)
  const boundary = multipartBoundary(response.headers.get('content-type'))
  const bytes = new Uint8Array(await response.arrayBuffer())
  let offset = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, offset + size))
      offset += size
    },
  })
  return { body, boundary: boundary ?? '' }
}

const bytesOf = (text: string) => new TextEncoder().encode(text)

describe('readMultipartFile', () => {
  it.each([1, 2, 7, 64, 100_000])(
    'streams the file field out of a FormData body cut into %i-byte chunks, after other fields',
    async (size) => {
      const content = new Uint8Array(5000).map((_, i) => (i % 3 === 0 ? 0x0d : i % 3 === 1 ? 0x0a : 0x2d))
      const form = new FormData()
      form.append('purpose', 'a field before the file')
      form.append('file', new Blob([content], { type: 'Image/PNG' }), 'a "quoted" name.png')
      form.append('after', 'a field after the file')
      const { body, boundary } = await formBody(form, size)
      const file = await readMultipartFile(body, boundary, 'file')
      expect(file?.contentType).toBe('image/png')
      expect(new Uint8Array(await new Response(file?.body).arrayBuffer())).toEqual(content)
    },
  )

  it('reads the file name the browser sent', async () => {
    const form = new FormData()
    form.append('file', new Blob(['x'], { type: 'text/plain' }), '../../etc/passwd')
    const { body, boundary } = await formBody(form, 10)
    expect((await readMultipartFile(body, boundary, 'file'))?.filename).toBe('../../etc/passwd')
  })

  it('resolves undefined when the form has no file field', async () => {
    const form = new FormData()
    form.append('other', 'value')
    const { body, boundary } = await formBody(form, 10)
    expect(await readMultipartFile(body, boundary, 'file')).toBeUndefined()
  })

  it('refuses a body without the boundary, one cut inside the file, and too many bytes before it', async () => {
    const stream = (text: string) => new Blob([bytesOf(text)]).stream()
    await expect(readMultipartFile(stream('no boundary here'), 'b0undary', 'file')).rejects.toBeInstanceOf(
      MultipartError,
    )
    const cut = await readMultipartFile(
      stream('--b\r\ncontent-disposition: form-data; name="file"\r\n\r\npartial'),
      'b',
      'file',
    )
    await expect(new Response(cut?.body).arrayBuffer()).rejects.toThrow('the body ends inside the file')
    const padded = `--b\r\ncontent-disposition: form-data; name="x"\r\n\r\n${'y'.repeat(70_000)}\r\n--b--`
    await expect(readMultipartFile(stream(padded), 'b', 'file')).rejects.toMatchObject({ code: 'too_large' })
  })

  it('reads the boundary of a multipart Content-Type only', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc')
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b')
    expect(multipartBoundary('application/json; boundary=abc')).toBeUndefined()
    expect(multipartBoundary(null)).toBeUndefined()
  })
})
