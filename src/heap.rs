//! The checker page's memory allocator: free lists of power-of-two size classes over memory
//! taken from the WebAssembly memory as it grows.
//!
//! Why not std's (dlmalloc): it is about 8 KB of code, some 3 KB of every visitor's download.
//! This one is a few hundred bytes. What it gives up: a block is rounded up to a power of two
//! (a quarter of the memory lost on average) and freed blocks are never merged, only reused
//! for their own size class. The page keeps a few megabytes at most, so neither matters; a
//! page that holds large buffers (the reports page's archives) keeps std's.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr::null_mut;

/// Size classes 2^0 to 2^31; the smallest used is 8 bytes (a free block holds a pointer).
const CLASSES: usize = usize::BITS as usize;
/// Blocks are aligned to their size up to this, enough for every type std and the page use;
/// a request for more alignment is served from fresh memory ([`Heap::alloc`]).
const ALIGN: usize = 16;
/// The WebAssembly page size: memory grows by whole pages.
const PAGE: usize = 65536;

/// The allocator's state: the first free block of each class (each free block's first word
/// points to the next), and the memory not handed out yet, `next..end`.
pub struct Heap {
    free: [usize; CLASSES],
    next: usize,
    end: usize,
}

impl Heap {
    pub const fn new() -> Heap {
        Heap {
            free: [0; CLASSES],
            next: 0,
            end: 0,
        }
    }

    /// A block for `layout`, or null. `grow(pages)` adds pages to the memory and returns the
    /// address where they start, `None` when the memory cannot grow.
    ///
    /// # Safety
    /// The free lists must hold only blocks this heap handed out and got back, and `grow`
    /// must give memory nothing else uses.
    pub unsafe fn alloc(
        &mut self,
        layout: Layout,
        grow: impl FnOnce(usize) -> Option<usize>,
    ) -> *mut u8 {
        let Some(class) = class(layout) else {
            return null_mut();
        };
        let head = self.free[class];
        if head != 0 && layout.align() <= ALIGN {
            // SAFETY: a free block of this class, at least a word long and aligned.
            self.free[class] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << class;
        let align = layout.align().max(size.min(ALIGN));
        let mut start = self.next.next_multiple_of(align);
        if start.checked_add(size).is_none_or(|e| e > self.end) {
            let Some(pages) = size.checked_add(align).map(|n| n.div_ceil(PAGE)) else {
                return null_mut();
            };
            let Some(at) = grow(pages) else {
                return null_mut();
            };
            // Growth is contiguous unless something else grew the memory meanwhile: the
            // rest of the old region is then given up.
            if at != self.end {
                self.next = at;
            }
            self.end = at + pages * PAGE;
            start = self.next.next_multiple_of(align);
        }
        self.next = start + size;
        start as *mut u8
    }

    /// Takes back a block [`Heap::alloc`] gave for `layout`.
    ///
    /// # Safety
    /// `ptr` must come from this heap's `alloc` with the same layout, and not be used after.
    pub unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        if let Some(class) = class(layout) {
            // SAFETY: the block is at least a word long and aligned, and ours again.
            unsafe { *(ptr as *mut usize) = self.free[class] };
            self.free[class] = ptr as usize;
        }
    }
}

impl Default for Heap {
    fn default() -> Heap {
        Heap::new()
    }
}

/// The size class of a layout: the smallest power of two that holds it, at least 8 bytes.
fn class(layout: Layout) -> Option<usize> {
    let n = layout.size().max(layout.align()).max(8);
    Some(n.checked_next_power_of_two()?.trailing_zeros() as usize)
}

/// The global allocator of the checker page: one [`Heap`], in the page's one thread.
pub struct PageAllocator(UnsafeCell<Heap>);

impl PageAllocator {
    pub const fn new() -> PageAllocator {
        PageAllocator(UnsafeCell::new(Heap::new()))
    }
}

impl Default for PageAllocator {
    fn default() -> PageAllocator {
        PageAllocator::new()
    }
}

// SAFETY: WebAssembly without the atomics feature has one thread, and neither method can be
// re-entered (they call nothing that allocates).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl Sync for PageAllocator {}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl GlobalAlloc for PageAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let grow = |pages| match core::arch::wasm32::memory_grow(0, pages) {
            usize::MAX => None,
            old => Some(old * PAGE),
        };
        // SAFETY: one thread, no re-entry (see above); the grown pages are ours alone.
        unsafe { (*self.0.get()).alloc(layout, grow) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`; the caller gives back a block of ours.
        unsafe { (*self.0.get()).dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A block still in its size class stays where it is: no copy.
        // SAFETY: the caller guarantees a valid layout for `new_size`.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(new) == class(layout) {
            return ptr;
        }
        // SAFETY: as for `alloc`; both blocks are at least `min(old, new)` long.
        unsafe {
            let to = self.alloc(new);
            if !to.is_null() {
                std::ptr::copy_nonoverlapping(ptr, to, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            to
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A heap over a buffer standing in for the WebAssembly memory.
    struct Memory {
        heap: Heap,
        buffer: Vec<u8>,
        pages: usize,
        used: usize,
    }

    impl Memory {
        fn new(pages: usize) -> Memory {
            Memory {
                heap: Heap::new(),
                buffer: vec![0; (pages + 1) * PAGE],
                pages,
                used: 0,
            }
        }

        /// The offset of a new block from the buffer's first page boundary.
        fn alloc(&mut self, size: usize, align: usize) -> Option<usize> {
            let base = self.buffer.as_ptr() as usize;
            let first = base.next_multiple_of(PAGE);
            let (pages, used) = (self.pages, &mut self.used);
            let grow = |n: usize| {
                (*used + n <= pages).then(|| {
                    *used += n;
                    first + (*used - n) * PAGE
                })
            };
            let layout = Layout::from_size_align(size, align).unwrap();
            let p = unsafe { self.heap.alloc(layout, grow) } as usize;
            (p != 0).then(|| p - first)
        }

        fn dealloc(&mut self, offset: usize, size: usize, align: usize) {
            let first = (self.buffer.as_ptr() as usize).next_multiple_of(PAGE);
            let layout = Layout::from_size_align(size, align).unwrap();
            unsafe { self.heap.dealloc((first + offset) as *mut u8, layout) };
        }
    }

    #[test]
    fn blocks_are_aligned_and_do_not_overlap() {
        let mut m = Memory::new(4);
        let mut blocks = Vec::new();
        for (size, align) in [
            (1, 1),
            (24, 8),
            (3, 1),
            (100, 4),
            (16, 16),
            (64, 64),
            (9, 1),
        ] {
            let at = m.alloc(size, align).unwrap();
            assert_eq!(at % align, 0);
            blocks.push((at, size.max(8).next_power_of_two()));
        }
        for (i, &(a, la)) in blocks.iter().enumerate() {
            for &(b, lb) in &blocks[i + 1..] {
                assert!(a + la <= b || b + lb <= a, "{a}+{la} overlaps {b}+{lb}");
            }
        }
    }

    #[test]
    fn a_freed_block_is_reused_for_its_class_only() {
        let mut m = Memory::new(4);
        let a = m.alloc(30, 8).unwrap();
        m.dealloc(a, 30, 8);
        assert_ne!(m.alloc(60, 8), Some(a));
        assert_eq!(m.alloc(17, 8), Some(a));
    }

    #[test]
    fn a_block_of_high_alignment_comes_from_fresh_memory() {
        let mut m = Memory::new(4);
        let a = m.alloc(128, 8).unwrap();
        m.dealloc(a, 128, 8);
        let b = m.alloc(100, 128).unwrap();
        assert_eq!(b % 128, 0);
        assert_eq!(m.alloc(128, 8), Some(a));
    }

    #[test]
    fn memory_grows_by_whole_pages_and_null_when_it_cannot() {
        let mut m = Memory::new(3);
        let big = m.alloc(PAGE + 1, 8).unwrap();
        assert_eq!(big % PAGE, 0);
        assert_eq!(m.used, 3);
        assert_eq!(m.alloc(2 * PAGE, 8), None);
        assert!(m.alloc(8, 8).is_some());
        assert_eq!(Memory::new(1).alloc(isize::MAX as usize, 1), None);
    }
}
