"""Windows: each page rendered by PDFium straight into the printer's device context (as
Chromium prints), so the spooler gets text and outlines, not 300-dpi colour pictures of pages.
Copies, collation, duplex, A4 and the orientation go to the driver in its DEVMODE."""

from __future__ import annotations

import ctypes
import sys
from contextlib import suppress
from ctypes import wintypes
from pathlib import Path

from unionapp.printing.options import (
    Duplex,
    PrintError,
    PrintOptions,
    PrintSystemMissing,
    UnknownPrinter,
)

DM_ORIENTATION, DM_PAPERSIZE, DM_COPIES, DM_COLOR = 0x1, 0x2, 0x100, 0x800
DM_DUPLEX, DM_COLLATE = 0x1000, 0x8000
DM_OUT_BUFFER, DM_IN_BUFFER = 2, 8
DMPAPER_A4, DMORIENT_PORTRAIT, DMORIENT_LANDSCAPE = 9, 1, 2
DMDUP = {Duplex.ONE_SIDED: 1, Duplex.LONG_EDGE: 2, Duplex.SHORT_EDGE: 3}
HORZRES, VERTRES, PHYSICALWIDTH, PHYSICALHEIGHT = 8, 10, 110, 111
PHYSICALOFFSETX, PHYSICALOFFSETY = 112, 113
DC_COPIES = 18
FPDF_ANNOT, FPDF_PRINTING = 0x01, 0x800


class DEVMODEW(ctypes.Structure):
    _fields_ = [
        ("dmDeviceName", wintypes.WCHAR * 32),
        ("dmSpecVersion", wintypes.WORD),
        ("dmDriverVersion", wintypes.WORD),
        ("dmSize", wintypes.WORD),
        ("dmDriverExtra", wintypes.WORD),
        ("dmFields", wintypes.DWORD),
        ("dmOrientation", ctypes.c_short),
        ("dmPaperSize", ctypes.c_short),
        ("dmPaperLength", ctypes.c_short),
        ("dmPaperWidth", ctypes.c_short),
        ("dmScale", ctypes.c_short),
        ("dmCopies", ctypes.c_short),
        ("dmDefaultSource", ctypes.c_short),
        ("dmPrintQuality", ctypes.c_short),
        ("dmColor", ctypes.c_short),
        ("dmDuplex", ctypes.c_short),
        ("dmYResolution", ctypes.c_short),
        ("dmTTOption", ctypes.c_short),
        ("dmCollate", ctypes.c_short),
        ("dmFormName", wintypes.WCHAR * 32),
        ("dmLogPixels", wintypes.WORD),
        ("dmBitsPerPel", wintypes.DWORD),
        ("dmPelsWidth", wintypes.DWORD),
        ("dmPelsHeight", wintypes.DWORD),
        ("dmDisplayFlags", wintypes.DWORD),
        ("dmDisplayFrequency", wintypes.DWORD),
        ("dmICMMethod", wintypes.DWORD),
        ("dmICMIntent", wintypes.DWORD),
        ("dmMediaType", wintypes.DWORD),
        ("dmDitherType", wintypes.DWORD),
        ("dmReserved1", wintypes.DWORD),
        ("dmReserved2", wintypes.DWORD),
        ("dmPanningWidth", wintypes.DWORD),
        ("dmPanningHeight", wintypes.DWORD),
    ]


class DOCINFOW(ctypes.Structure):
    _fields_ = [
        ("cbSize", ctypes.c_int),
        ("lpszDocName", wintypes.LPCWSTR),
        ("lpszOutput", wintypes.LPCWSTR),
        ("lpszDatatype", wintypes.LPCWSTR),
        ("fwType", wintypes.DWORD),
    ]


def _libraries():  # type: ignore[no-untyped-def]
    if sys.platform != "win32":
        raise PrintSystemMissing("这台电脑不是 Windows")
    return ctypes.WinDLL("gdi32"), ctypes.WinDLL("winspool.drv")


def default_printer() -> str | None:
    _gdi32, winspool = _libraries()
    size = wintypes.DWORD(0)
    winspool.GetDefaultPrinterW(None, ctypes.byref(size))
    if not size.value:
        return None
    buffer = ctypes.create_unicode_buffer(size.value)
    if not winspool.GetDefaultPrinterW(buffer, ctypes.byref(size)):
        return None
    return buffer.value


class PRINTER_INFO_4W(ctypes.Structure):
    _fields_ = [
        ("pPrinterName", wintypes.LPWSTR),
        ("pServerName", wintypes.LPWSTR),
        ("Attributes", wintypes.DWORD),
    ]


PRINTER_ENUM_LOCAL, PRINTER_ENUM_CONNECTIONS = 0x2, 0x4


def printers() -> list[str]:
    """Local printers and the network printers this user is connected to."""
    _gdi32, winspool = _libraries()
    flags = PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS
    needed, count = wintypes.DWORD(0), wintypes.DWORD(0)
    winspool.EnumPrintersW(flags, None, 4, None, 0, ctypes.byref(needed), ctypes.byref(count))
    if not needed.value:
        return []
    buffer = ctypes.create_string_buffer(needed.value)
    if not winspool.EnumPrintersW(
        flags, None, 4, buffer, needed, ctypes.byref(needed), ctypes.byref(count)
    ):
        return []
    entries = ctypes.cast(buffer, ctypes.POINTER(PRINTER_INFO_4W))
    return [entries[index].pPrinterName for index in range(count.value)]


def resolve(name: str | None) -> str:
    """The printer a job for ``name`` (None: the default) would go to; refuses unknown ones."""
    _gdi32, winspool = _libraries()
    printer = name or default_printer()
    if not printer:
        raise UnknownPrinter(
            "没有默认打印机；请在 Windows 设置中指定默认打印机，或用 --printer 选择"
        )
    handle = wintypes.HANDLE()
    if not winspool.OpenPrinterW(printer, ctypes.byref(handle), None):
        raise UnknownPrinter(f"没有名为“{printer}”的打印机")
    winspool.ClosePrinter(handle)
    return printer


def _devmode(winspool, handle, printer: str, options: PrintOptions):  # type: ignore[no-untyped-def]
    """The driver's settings for this job: copies, collate, duplex, A4, orientation, grey."""
    size = winspool.DocumentPropertiesW(None, handle, printer, None, None, 0)
    if size <= 0:
        raise PrintError(f"无法读取打印机“{printer}”的设置")
    buffer = ctypes.create_string_buffer(size)
    winspool.DocumentPropertiesW(None, handle, printer, buffer, None, DM_OUT_BUFFER)
    mode = DEVMODEW.from_buffer(buffer)
    mode.dmCopies = options.copies
    mode.dmCollate = 1
    mode.dmDuplex = DMDUP[options.duplex]
    mode.dmPaperSize = DMPAPER_A4
    mode.dmOrientation = DMORIENT_LANDSCAPE if options.landscape else DMORIENT_PORTRAIT
    mode.dmColor = 1  # monochrome: the forms are black on white
    mode.dmFields |= DM_COPIES | DM_COLLATE | DM_DUPLEX | DM_PAPERSIZE | DM_ORIENTATION | DM_COLOR
    winspool.DocumentPropertiesW(
        None, handle, printer, buffer, buffer, DM_IN_BUFFER | DM_OUT_BUFFER
    )
    return buffer


def submit(pdf: Path, options: PrintOptions) -> str:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    gdi32, winspool = _libraries()
    render = getattr(pdfium_c, "FPDF_RenderPage", None)
    if render is None:
        raise PrintSystemMissing("这个版本的 PDF 组件不能直接打印到打印机")
    printer = resolve(options.printer)
    handle = wintypes.HANDLE()
    if not winspool.OpenPrinterW(printer, ctypes.byref(handle), None):
        raise UnknownPrinter(f"没有名为“{printer}”的打印机")
    try:
        mode = _devmode(winspool, handle, printer, options)
        driver_copies = winspool.DeviceCapabilitiesW(printer, None, DC_COPIES, None, mode)
        repeats = 1 if driver_copies >= options.copies else options.copies  # copies made here
        hdc = gdi32.CreateDCW("WINSPOOL", printer, None, mode)
        if not hdc:
            raise PrintError(f"无法连接打印机“{printer}”")
        try:
            return _print(gdi32, hdc, render, pdfium, pdf, options, repeats)
        finally:
            gdi32.DeleteDC(hdc)
    finally:
        winspool.ClosePrinter(handle)


def _print(gdi32, hdc, render, pdfium, pdf: Path, options: PrintOptions, repeats: int) -> str:  # type: ignore[no-untyped-def]
    info = DOCINFOW(ctypes.sizeof(DOCINFOW), options.title, None, None, 0)
    job = gdi32.StartDocW(hdc, ctypes.byref(info))
    if job <= 0:
        raise PrintError("打印机没有接受这个打印任务（StartDoc 失败）")
    document = pdfium.PdfDocument(str(pdf))
    try:
        x, y = (
            -gdi32.GetDeviceCaps(hdc, PHYSICALOFFSETX),
            -gdi32.GetDeviceCaps(hdc, PHYSICALOFFSETY),
        )
        width = gdi32.GetDeviceCaps(hdc, PHYSICALWIDTH)
        height = gdi32.GetDeviceCaps(hdc, PHYSICALHEIGHT)
        for _copy in range(repeats):
            for index in options.page_indexes(len(document)):
                page = document[index]
                try:
                    if gdi32.StartPage(hdc) <= 0:
                        raise PrintError("打印机在打印过程中出错（StartPage 失败）")
                    render(hdc, page.raw, x, y, width, height, 0, FPDF_ANNOT | FPDF_PRINTING)
                    if gdi32.EndPage(hdc) <= 0:
                        raise PrintError("打印机在打印过程中出错（EndPage 失败）")
                finally:
                    page.close()
        gdi32.EndDoc(hdc)
    except BaseException:
        with suppress(Exception):
            gdi32.AbortDoc(hdc)
        raise
    finally:
        document.close()
    return str(job)
